"""The command line: `backprop-lessons example | errata | derive | crosscheck`, thin over the package.

    backprop-lessons example [--iterations N] [--eta ETA] [--update-biases] [--as-published] [--json]
    backprop-lessons example --digits 30 [--eta ETA] [--update-biases] [--json]   (exact arithmetic)
    backprop-lessons errata [--json]
    backprop-lessons derive PARAM [--latex]
    backprop-lessons crosscheck [--sizes 2,3,2] [--activation tanh] [--loss squared] [--seed 0]
                                [--shared-bias] [--examples 3] [--json]

Exit codes: 0 done (crosscheck: every gradient agrees); 1 crosscheck: some gradient disagrees;
2 a bad argument, or work beyond the classroom budget (engine/budget.py; --no-budget runs it
anyway), with one line saying what; 3 crosscheck: the activation or loss is undefined or not
finite at the values reached (log(x) of a negative net input), so nothing could be compared.
Each value is checked once, here where it enters; the package's functions called below trust it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from backprop_lessons.engine.budget import BudgetExceededError
from backprop_lessons.engine.errors import BackpropLessonsError, NotFiniteError, valid_count, valid_number, cut
from backprop_lessons.lecture.errata import errata
from backprop_lessons.lecture.example import LECTURE_ETA, LECTURE_VALUES, data_of, round_of, training_of
from backprop_lessons.symbolic.crosscheck import crosscheck_table
from backprop_lessons.symbolic.derivation import derivation_report
from backprop_lessons.lecture.exact import MAX_DIGITS, exact_digits
from backprop_lessons.engine.notation import figure, full
from backprop_lessons.lecture.published import PRINTED


EXIT_CODES = """exit codes:
  0  done (crosscheck: every gradient agrees)
  1  crosscheck: some gradient disagrees
  2  a bad argument, or work beyond the classroom budget (add --no-budget to run it anyway)
  3  crosscheck: the activation or loss is undefined or not finite at the values reached"""
NO_BUDGET = "run even beyond the classroom budget of work and memory (it may take minutes)"
UNDEFINED = 3   # the exit code of a cross-check that met values that are not finite


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line and exit code 2."""

    def error(self, message: str) -> None:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _number(name: str, kind=float, minimum: int = 0, maximum: int = 2**62):
    """An argparse type that checks a number with the package's own checks (whole numbers in [minimum, maximum])."""
    def convert(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number, got {cut(repr(text))}") from None
        try:
            if kind is int:
                return valid_count(name, value, minimum=minimum, maximum=maximum)   # how many: the budget's question
            return valid_number(name, value, positive=True)
        except BackpropLessonsError as error:
            raise argparse.ArgumentTypeError(str(error)) from None
    return convert


def _example(args: argparse.Namespace) -> dict:
    """The worked round and the training result, as {"round": ..., "training": ...}."""
    order = "as_published" if args.as_published else "correct"
    network, history = training_of(LECTURE_VALUES, args.iterations, args.eta, order, args.update_biases,
                                   budget=not args.no_budget)
    worked = round_of(LECTURE_VALUES, args.eta, args.update_biases)
    out_o1, out_o2 = network._forward(data_of(LECTURE_VALUES)[0]).outs[-1][0]
    training = {"iterations": args.iterations, "eta": args.eta, "order": order,
                "update_biases": args.update_biases,
                "E_total after 1 round": float(history.losses[1]) if args.iterations else None,
                "E_total after the last round": float(history.losses[-1]),
                "out_o1": float(out_o1), "out_o2": float(out_o2)}
    return {"round": worked, "training": training}


def _compare(printed_name: str | None, value: float) -> tuple[str, str]:
    """The value rounded as the lecture prints it, and whether the lecture printed the same."""
    if printed_name not in PRINTED:
        return figure(value), ""
    printed = PRINTED[printed_name]
    shown = f"{value:.{printed.decimals}f}"
    return shown, ("as printed" if shown == printed.text else f"lecture prints {printed.text}: see errata")


def _print_example(result: dict) -> None:
    """Print the walk-through in the lecture's order, then the training result."""
    section, t = None, result["training"]
    lecture_settings = t["eta"] == LECTURE_ETA and not t["update_biases"]
    for step in result["round"].steps:
        if step.section != section:
            section = step.section
            print(f"\n== {section}")
        shown, note = _compare(step.name if lecture_settings else None, step.value)
        print(f"  {step.name:<18} = {shown:>14}  ({full(step.value):>17})  {note:<18}  = {step.formula}")
    print(f"\n== Training: {t['iterations']:,} rounds, eta = {t['eta']:g}, update order {t['order']}, "
          f"biases {'updated' if t['update_biases'] else 'fixed'}")
    lecture_training = lecture_settings and t["iterations"] == 10_000
    for name, printed in (("E_total after 1 round", "E_total after 1 round"),
                          ("E_total after the last round", "E_total after 10,000 rounds"),
                          ("out_o1", "out_o1 after 10,000 rounds"), ("out_o2", "out_o2 after 10,000 rounds")):
        if t[name] is None:   # no round was trained
            continue
        compared = lecture_training or (lecture_settings and name.endswith("1 round"))
        shown, note = _compare(printed if compared else None, t[name])
        print(f"  {name:<28} = {shown:>14}  ({full(t[name])})  {note}")
    print("\n== Where the lecture's printed figures differ (backprop-lessons errata)")
    _print_errata()


def _print_exact(args: argparse.Namespace) -> None:
    """The worked round in exact arithmetic (lecture/exact.py), each quantity to --digits digits."""
    values = exact_digits(args.digits, args.eta, update_biases=args.update_biases)
    if args.json:
        print(json.dumps({"digits": args.digits, "round": values}, indent=1))
        return
    print(f"The worked round in exact arithmetic, {args.digits} significant digits "
          f"(eta = {args.eta:g}; the inputs as exact fractions, every digit shown certified)")
    width = max(map(len, values))
    for name, text in values.items():
        print(f"  {name:<{width}} = {text}")


def _print_errata() -> None:
    """Print each erratum: the printed figures and the computed rows that explain them."""
    for number, erratum in enumerate(errata(), start=1):
        print(f"\n{number}. {erratum.title}\n   printed: {', '.join(erratum.printed_texts())}")
        for row in erratum.rows:
            print(f"   {figure(row.value):>15}  {row.role:<21} {row.label}")
        print(f"   {erratum.explanation}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one subcommand per task."""
    parser = _Parser(prog="backprop-lessons", description="Backpropagation, step by step, from the lecture.",
                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    example = commands.add_parser("example", help="the lecture's worked example and its training")
    example.add_argument("--iterations", type=_number("--iterations", int), default=None,
                         help="rounds of training (default 10,000)")
    example.add_argument("--eta", type=_number("--eta"), default=LECTURE_ETA)
    example.add_argument("--update-biases", action="store_true", help="also update b1 and b2")
    example.add_argument("--as-published", action="store_true",
                         help="hidden deltas from the already-updated output weights, as the lecture's figures")
    example.add_argument("--digits", type=_number("--digits", int, 1, MAX_DIGITS),
                         help=f"the worked round in exact arithmetic, to this many digits (1 to {MAX_DIGITS}); no training")
    example.add_argument("--json", action="store_true", help="every quantity, machine-readable")
    example.add_argument("--no-budget", action="store_true", help=NO_BUDGET)
    errata_parser = commands.add_parser("errata", help="the lecture's errata, each reproduced")
    errata_parser.add_argument("--json", action="store_true")
    derive = commands.add_parser("derive", help="the chain rule for one parameter of the lecture's network")
    derive.add_argument("parameter", help="w1 .. w8, b1 or b2")
    derive.add_argument("--latex", action="store_true", help="LaTeX lines, for slides and notebooks")
    derive.add_argument("--no-budget", action="store_true", help=NO_BUDGET)
    check = commands.add_parser("crosscheck", help="SymPy, backprop and finite differences, side by side")
    check.add_argument("--sizes", default="2,2,2", help="layer sizes, inputs first (default 2,2,2)")
    check.add_argument("--activation", default="sigmoid",
                       help="sigmoid, tanh, relu, identity, or a formula in x such as 'x/(1+abs(x))'")
    check.add_argument("--loss", default="squared", help="squared, binary_cross_entropy or softmax_cross_entropy")
    check.add_argument("--shared-bias", action="store_true", help="one bias per layer, as in the lecture")
    check.add_argument("--seed", type=_number("--seed", int), default=0)
    check.add_argument("--examples", type=_number("--examples", int), default=3)
    check.add_argument("--json", action="store_true")
    check.add_argument("--no-budget", action="store_true", help=NO_BUDGET)
    return parser


def _crosscheck(args: argparse.Namespace) -> int:
    """Print the three-way table; exit code 0 when every gradient agrees, 1 when any does not,
    UNDEFINED when the activation or loss is not finite at the values reached."""
    try:
        check = crosscheck_table(args.sizes, args.activation, args.loss, shared_bias=args.shared_bias,
                                 seed=args.seed, examples=args.examples, budget=not args.no_budget)
    except NotFiniteError as error:
        print(f"backprop-lessons: undefined: {error}", file=sys.stderr)
        return UNDEFINED
    print(check.to_json() if args.json else check.table())
    return 0 if check.all_agree else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code. Whatever happens, no traceback reaches the
    terminal: a closed pipe (`| head`) ends quietly, Ctrl-C says so, a bug is one line."""
    try:
        return _run(argv)
    except BrokenPipeError:   # the reader went away: stop writing, say nothing (Python's docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("backprop-lessons: interrupted", file=sys.stderr)
        return 130
    except MemoryError:
        print("backprop-lessons: error: not enough memory for this run; make it smaller", file=sys.stderr)
        return 2
    except Exception as error:   # not bad input but a bug: one line, and where to report it
        message = " ".join(str(error).split())
        print(f"backprop-lessons: internal error: {type(error).__name__}: {message} "
              "(please report it with the command you ran)", file=sys.stderr)
        return 1


def _exact_or_trained(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """--digits computes one round exactly and trains nothing: a training flag beside it is refused,
    not ignored. Otherwise --iterations defaults to the lecture's 10,000."""
    if args.digits is not None:
        ignored = [flag for flag, given in (("--iterations", args.iterations is not None),
                                            ("--as-published", args.as_published),
                                            ("--no-budget", args.no_budget)) if given]
        if ignored:
            parser.error(f"example: {ignored[0]} does not apply with --digits (one round in exact arithmetic, "
                         "no training); leave one of them out")
    elif args.iterations is None:
        args.iterations = 10_000


def _run(argv: Sequence[str] | None) -> int:
    """Parse the arguments and run the subcommand; bad input exits 2 with one line."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "example":
        _exact_or_trained(parser, args)
    try:
        if args.command == "example" and args.digits is not None:
            _print_exact(args)
        elif args.command == "example":
            result = _example(args)
            if args.json:
                print(json.dumps({"round": result["round"].values(), "training": result["training"]}, indent=1))
            else:
                _print_example(result)
        elif args.command == "errata":
            if args.json:
                print(json.dumps([{"title": e.title, "printed": e.printed_texts(),
                                   "rows": [vars(r) for r in e.rows]} for e in errata()], indent=1))
            else:
                _print_errata()
        elif args.command == "derive":
            print(derivation_report(args.parameter, latex=args.latex, budget=not args.no_budget))
        elif args.command == "crosscheck":
            return _crosscheck(args)
    except BudgetExceededError as error:
        sized_by = {"example": "--iterations", "crosscheck": "--sizes and --examples"}.get(args.command, "the network")
        print(f"backprop-lessons: error: {sized_by}: {error.problem}; add --no-budget to run it anyway",
              file=sys.stderr)
        return 2
    except BackpropLessonsError as error:
        print(f"backprop-lessons: error: {error}", file=sys.stderr)
        return 2
    return 0
