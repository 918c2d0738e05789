"""backprop-lessons: backpropagation, step by step, from one lecture.

One house with rooms; find a thing by what it is:

    engine/     what backprop computes: errors, notation, activations, losses, the network,
                naming, recording, sweeps, data sets
    lecture/    the lecture's worked example in its own names, its printed figures (data), errata
    symbolic/   SymPy: the network's equations, compiled gradients, typed formulas, derivations,
                the three-way cross-check
    figures/    one base for figures updated in place; loss curves, error surface, diagram,
                computation graph, decision boundary
    panels/     one base for slider panels; the panels each notebook shows
    homework/   the self-check runner, the answer key, each assignment's checks
    grading/    for the lecturer: autograde in a box, the class report after autograde
    binder.py   Binder links from binder/repository.txt
    cli.py      the command line `backprop-lessons`

Data flows one way, down this list and never up it (LAYERS, tested in tests/test_layout.py):
a module imports only from its own room or a room listed before it.

What a notebook uses is importable from here: `from backprop_lessons import round_panel`.
Functions imported from here check their arguments' kinds first (engine/boundary.py).
The names load lazily, so `import backprop_lessons` (and the command line) stays quick.

Non-goal: speed for its own sake. The NumPy network is the teaching path; the batched sweep
(engine/sweep.py) is the one fast path, kept because the learning-rate slider runs on it.
"""
from __future__ import annotations

import importlib
import inspect

__version__ = "0.1.0"

# The rooms, bottom first: each may import from itself and the rooms before it.
LAYERS = ("engine", "lecture", "symbolic", "figures", "panels", "homework", "grading", "binder", "cli")

# Public name -> the module that defines it (the notebooks' imports, one line each).
_EXPORTS = {
    "engine.network": ("Network",),
    "engine.activations": ("sigmoid",),
    "engine.datasets": ("two_moons", "xor"),
    "engine.digits": ("confusion_matrix", "load_digits_split", "misclassified", "train_digits"),
    "engine.forward_mode": ("forward_mode_gradient", "mode_counts", "reverse_mode_gradient"),
    "engine.gradient_flow": ("INITS", "gradient_flow", "largest_slope"),
    "engine.softmax": ("delta_fused", "delta_two_steps", "loss_fused", "loss_two_steps", "softmax", "softmax_jacobian",
                       "softmax_work"),
    "engine.autograd": ("Value", "topological_order"),
    "engine.cost": ("central_differences", "cost_table", "example_network", "forward_passes_needed",
                    "parameter_count", "stored_for_backward", "time_gradients", "timing_table"),
    "lecture.example": ("LECTURE_ETA", "LECTURE_ROUNDS", "LECTURE_VALUES", "lecture_data",
                        "lecture_network", "train_lecture", "worked_round"),
    "lecture.errata": ("comparison", "errata"),
    "lecture.exact": ("exact_digits",),
    "lecture.callouts": ("Markdown", "callout", "rounding", "two_runs"),
    "lecture.autograd_round": ("autograd_gradients", "lecture_graph", "train_with_autograd"),
    "lecture.matrix": ("MATRIX_NAMES", "batch_gradients", "lecture_matrices", "matrix_round", "matrix_table",
                       "matrix_table_text", "shapes"),
    "lecture.staged": ("WEIGHTS", "staged_backward", "staged_forward", "staged_gradients", "staged_lines",
                       "train_staged"),
    "lecture.why": ("gradient_ratio", "nudge", "scale_factors"),
    "lecture.walkthrough": ("walkthrough",),
    "lecture.torch_round": ("torch_rounds",),
    "lecture.symmetry": ("symmetry_rows", "symmetry_text", "xor_race"),
    "lecture.any_depth": ("bp1", "bp2", "bp3", "bp4", "four_equations", "lecture_rows", "lecture_rows_text"),
    "symbolic.crosscheck": ("crosscheck", "crosscheck_table"),
    "symbolic.derivation": ("derive",),
    "symbolic.deep_check": ("deep_check",),
    "symbolic.softmax_derivation": ("check_softmax",),
    "figures.loss_curves": ("plot_losses",),
    "figures.error_surface": ("plot_error_surface",),
    "figures.diagram": ("draw_network",),
    "figures.graph": ("draw_computation_graph",),
    "figures.boundary": ("accuracy", "plot_decision_boundary"),
    "figures.cost": ("plot_gradient_cost",),
    "figures.gradient_flow": ("plot_layer_sizes",),
    "figures.softmax": ("plot_softmax",),
    "figures.modes": ("plot_modes",),
    "figures.digits": ("plot_confusion", "plot_digit_losses", "plot_digits"),
    "panels.base": ("format_lines", "html_table"),
    "panels.display": ("show_lines", "show_steps"),
    "panels.round": ("round_panel",),
    "panels.training": ("learning_rate_panel", "training_panel"),
    "panels.surface": ("surface_panel",),
    "panels.orders": ("orders_panel",),
    "panels.formula": ("formula_panel",),
    "panels.beyond": ("beyond_panel", "new_classifier"),
    "panels.stepper": ("stepper_panel",),
    "panels.matrix": ("matrix_panel",),
    "panels.nudge": ("nudge_panel",),
    "panels.depth": ("depth_panel",),
    "panels.gradient_flow": ("gradient_flow_panel",),
    "panels.softmax": ("softmax_panel",),
    "panels.digits": ("digits_panel",),
    "panels.modes": ("modes_panel",),
    "panels.torch_round": ("torch_panel",),
    "homework.hw1": ("check_error", "check_forward_pass", "check_logistic", "check_total_error"),
    "homework.hw2": ("check_backprop_round", "check_chain", "check_gradients", "check_hidden_deltas",
                     "check_output_deltas", "check_update", "check_value"),
    "homework.given": ("homework_error", "homework_round"),
    "homework.hw3": ("check_derivative", "check_numerical_gradient", "check_relative_error", "check_train",
                     "sympy_derivative"),
    "homework.checks_hw4_rules": ("check_rule",),
    "homework.checks_hw4": ("check_autograd_train", "check_backward", "check_forward_graph",
                            "check_topological_order"),
    "binder": ("course_links_markdown",),
}
_WHERE = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    """Load a public name from its module the first time it is asked for (PEP 562)."""
    if name not in _WHERE:
        raise AttributeError(f"module 'backprop_lessons' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    if inspect.isfunction(value):   # the front door: arguments checked by kind (engine/boundary.py)
        value = importlib.import_module(f"{__name__}.engine.boundary").checked(value)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, for tab completion."""
    return sorted(set(globals()) | set(__all__))
