"""How much work one call may do on a classroom machine: estimated before it starts, refused past a budget.

A classroom laptop has two cores, shared by a browser and a kernel or two, and a student
waits a few seconds, not minutes. So whatever a user sizes (rounds, examples, layer sizes,
learning rates in a sweep, a network for SymPy) is first turned into an estimate of the
work itself, and one budget is compared with it, not one limit per number: 100 rounds of
a wide network cost what 100,000 rounds of the lecture's do.

    work     nanoseconds of one core: a multiply-add of a matrix product costs about 1, and
             NumPy's fixed cost per layer and round (a dozen array calls) LAYER_OVERHEAD
    memory   bytes of the arrays the call allocates
             (SymPy's work is estimated in the same unit from the size of its expressions)

Past a budget comes BudgetExceededError, naming the estimate, the budget and the way past
it on purpose: `budget=False` in Python, `--no-budget` on the command line.
Non-goal: precise timing; the estimates are within a factor of a few, on purpose cautious.
"""
from __future__ import annotations

from collections.abc import Sequence

from backprop_lessons.engine.errors import InvalidTypeError, InvalidValueError

WORK_BUDGET = 5e9          # ns: 5 s of one core, so two such calls share a 2-core machine in seconds
MEMORY_BUDGET = 2**29      # bytes: 512 MiB, a quarter of a small laptop's free memory
LAYER_OVERHEAD = 25_000    # ns per layer and round: NumPy's fixed cost (10,000 lecture rounds: 0.2 s idle, 2 s busy)
NEURON_COST = 150          # ns per neuron and example in a forward pass: exp, where, copies (measured)
HOW_PAST = "pass budget=False to run it anyway"


class BudgetExceededError(InvalidValueError):
    """A call whose estimated work or memory is beyond the classroom budget.

    `problem` says what and by how much; str() adds the way past it for Python callers,
    and the command line adds its own (`--no-budget`)."""

    def __init__(self, problem: str, how_past: str = HOW_PAST):
        self.problem = problem
        super().__init__(f"{problem}; {how_past}")


def valid_budget_flag(budget: object) -> bool:
    """`budget` as given: True (the classroom budget) or False (no budget); anything else is refused."""
    if not isinstance(budget, bool):
        raise InvalidTypeError(f"budget must be True or False, got {type(budget).__name__}")
    return budget


def parameter_count(sizes: Sequence[int]) -> int:
    """Weights and one bias per neuron of layer `sizes` (inputs first): 12 for the lecture's 2-2-2."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def forward_work(sizes: Sequence[int], examples: int, copies: int = 1) -> float:
    """ns for one forward pass of `copies` networks of `sizes` on `examples` examples."""
    per_example = parameter_count(sizes) + NEURON_COST * sum(sizes[1:])
    return (len(sizes) - 1) * LAYER_OVERHEAD + copies * examples * per_example


def training_work(sizes: Sequence[int], examples: int, rounds: int, copies: int = 1) -> float:
    """ns for `rounds` rounds (forward, then backward and update: about two forward passes) of
    `copies` networks of `sizes` on `examples` examples."""
    return 2 * (rounds + 1) * forward_work(sizes, examples, copies)


def within_budget(what: str, *, budget: bool = True, work: float = 0.0, memory: float = 0.0,
                  how_past: str = HOW_PAST) -> None:
    """Raise BudgetExceededError if `what` would take more work or memory than budgeted."""
    if not budget:
        return
    if work > WORK_BUDGET:
        problem = f"{what} would take about {_seconds(work)} of computing, beyond the budget of {_seconds(WORK_BUDGET)}"
    elif memory > MEMORY_BUDGET:
        problem = (f"{what} would need about {_bytes(memory)} of memory, beyond the budget of "
                   f"{_bytes(MEMORY_BUDGET)}")
    else:
        return
    raise BudgetExceededError(problem + "; make it smaller", how_past)


def _seconds(nanoseconds: float) -> str:
    """A duration for a message: '12 s', '3.5 h'."""
    seconds = nanoseconds / 1e9
    for unit, size in (("days", 86_400), ("h", 3_600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.3g} {unit}"
    return f"{seconds:.3g} s"


def _bytes(count: float) -> str:
    """A size for a message: '512 MiB', '7.2 TiB'."""
    for unit, size in (("PiB", 2**50), ("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if count >= size:
            return f"{count / size:.3g} {unit}"
    return f"{count / 1024:.3g} KiB"
