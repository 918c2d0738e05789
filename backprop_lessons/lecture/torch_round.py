"""The lecture's round in PyTorch: loss.backward(), optimizer.step(), zero_grad(), in float64 (notebook 17).

    W1 = [[w1, w2], [w3, w4]], W2 = [[w5, w6], [w7, w8]] and b1, b2 are tensors with
    requires_grad=True; the forward pass is the lecture's, written with torch operations:
        out_h = sigmoid(W1 @ x + b1)      out_o = sigmoid(W2 @ out_h + b2)
        E_total = sum of 1/2 (target - out_o)^2
    loss.backward() fills each tensor's .grad with dE_total/d(tensor): autograd's reverse mode,
    notebook 10's graph and gates. optimizer.step() is w+ = w - eta * dE_total/dw for w1 .. w8 (the
    biases are left alone, as in the lecture). optimizer.zero_grad() empties .grad: without it the
    next backward() ADDS to the old gradients, notebook 10's "gradients not reset" bug (train_staged(reset=False)).
torch is imported only when a function here runs (the rest of the package never needs it).
Non-goal: PyTorch's nn.Module style; plain tensors keep the lecture's names visible.
"""
from __future__ import annotations

from collections.abc import Mapping

from backprop_lessons.engine.errors import valid_count, valid_flag
from backprop_lessons.lecture.example import LECTURE_ETA, lecture_values

WEIGHTS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def _tensors(v: Mapping[str, float]):
    """The lecture's parameters as float64 tensors that record their gradients, and its data."""
    import torch   # noqa: PLC0415  (only notebook 17 needs torch)
    p = {"W1": torch.tensor([[v["w1"], v["w2"]], [v["w3"], v["w4"]]], dtype=torch.float64, requires_grad=True),
         "W2": torch.tensor([[v["w5"], v["w6"]], [v["w7"], v["w8"]]], dtype=torch.float64, requires_grad=True),
         "b1": torch.tensor(v["b1"], dtype=torch.float64, requires_grad=True),
         "b2": torch.tensor(v["b2"], dtype=torch.float64, requires_grad=True)}
    x = torch.tensor([v["i1"], v["i2"]], dtype=torch.float64)
    target = torch.tensor([v["target_o1"], v["target_o2"]], dtype=torch.float64)
    return torch, p, x, target


def _named(p: Mapping) -> dict[str, float]:
    """dE_total/dw1 .. dw8, db1, db2 from the tensors' .grad, named as in worked_round."""
    w1, w2 = p["W1"].grad.tolist(), p["W2"].grad.tolist()
    grads = [*w1[0], *w1[1], *w2[0], *w2[1]]
    return {**{f"dE_total/d{w}": g for w, g in zip(WEIGHTS, grads)},
            "dE_total/db1": float(p["b1"].grad), "dE_total/db2": float(p["b2"].grad)}


def torch_rounds(rounds: int = 1, *, zero_grad: bool = True) -> list[dict[str, float]]:
    """`rounds` rounds of the lecture in PyTorch; for each, E_total before its step, the gradients
    its step used and the weights after it (w1+ .. w8+). zero_grad=False is the bug."""
    rounds, zero_grad = valid_count("rounds", rounds, minimum=1, maximum=1000), valid_flag("zero_grad", zero_grad)
    torch, p, x, target = _tensors(lecture_values())
    optimizer = torch.optim.SGD([p["W1"], p["W2"]], lr=LECTURE_ETA)
    history = []
    for _round in range(rounds):                                    # one round: forward, backward, step
        if zero_grad:
            optimizer.zero_grad()                                   # .grad = None: start from nothing
        out_h = torch.sigmoid(p["W1"] @ x + p["b1"])                # out_h1 = 1 / (1 + e^-net_h1)
        out_o = torch.sigmoid(p["W2"] @ out_h + p["b2"])            # out_o1 = 1 / (1 + e^-net_o1)
        loss = (0.5 * (target - out_o) ** 2).sum()                  # E_total = E_o1 + E_o2
        loss.backward()                                             # every dE_total/d(parameter) into .grad
        used = _named(p)
        optimizer.step()                                            # w+ = w - eta * dE_total/dw
        w1, w2 = p["W1"].detach().tolist(), p["W2"].detach().tolist()
        after = dict(zip((f"{w}+" for w in WEIGHTS), [*w1[0], *w1[1], *w2[0], *w2[1]]))
        history.append({"E_total": float(loss.detach()), **used, **after})
    return history
