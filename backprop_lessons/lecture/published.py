"""The figures printed in the lecture, as text, for comparison only.

This is data, not a result: no computation in the package reads it. Tests compare the
computed values with it, and the errata display (errata.py, callouts.py) shows it beside them.
The one exception is callouts.printed_outputs_error: the error the printed outputs imply.
Each entry keeps the printed text exactly, so its number of decimals is known.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Printed:
    """One printed figure: the quantity's lecture name, the text as printed, its slide."""

    name: str
    text: str
    section: str

    @property
    def decimals(self) -> int:
        """How many digits the lecture printed after the decimal point."""
        return len(self.text.split(".")[1]) if "." in self.text else 0


# The first round (26 figures), in the lecture's order, named as in lecture.worked_round().
FIRST_ROUND: tuple[Printed, ...] = (
    Printed("net_h1", "0.3775", "Forward pass – hidden layer"),
    Printed("out_h1", "0.593269992", "Forward pass – hidden layer"),
    Printed("out_h2", "0.596884378", "Forward pass – hidden layer"),
    Printed("net_o1", "1.105905967", "Forward pass – output layer"),
    Printed("out_o1", "0.75136507", "Forward pass – output layer"),
    Printed("out_o2", "0.772928465", "Forward pass – output layer"),
    Printed("E_o1", "0.274811083", "Calculating the error"),
    Printed("E_o2", "0.023560026", "Calculating the error"),
    Printed("E_total", "0.298371109", "Calculating the error"),
    Printed("dE_total/dout_o1", "0.74136507", "Chain rule for w5"),
    Printed("dout_o1/dnet_o1", "0.186815602", "Chain rule for w5"),
    Printed("dE_total/dw5", "0.082167041", "Chain rule for w5"),
    Printed("w5+", "0.35891648", "Updating the weights"),
    Printed("w6+", "0.408666186", "Updating the weights"),
    Printed("w7+", "0.511301270", "Updating the weights"),
    Printed("w8+", "0.561370121", "Updating the weights"),
    Printed("dE_o1/dnet_o1", "0.138498562", "Hidden layer"),
    Printed("dE_o1/dout_h1", "0.055399425", "Hidden layer"),
    Printed("dE_o2/dout_h1", "-0.019049119", "Hidden layer"),
    Printed("dE_total/dout_h1", "0.036350306", "Hidden layer"),
    Printed("dout_h1/dnet_h1", "0.241300709", "Hidden layer"),
    Printed("dE_total/dw1", "0.000438568", "Hidden layer"),
    Printed("w1+", "0.149780716", "Updating weights"),
    Printed("w2+", "0.19956143", "Updating weights"),
    Printed("w3+", "0.24975114", "Updating weights"),
    Printed("w4+", "0.29950229", "Updating weights"),
)

# Training (4 figures). Names say what the lecture claims they are.
TRAINING: tuple[Printed, ...] = (
    Printed("E_total after 1 round", "0.291027924", "Continue feedforward, backpropagation"),
    Printed("E_total after 10,000 rounds", "0.0000351085", "Continue feedforward, backpropagation"),
    Printed("out_o1 after 10,000 rounds", "0.015912196", "Continue feedforward, backpropagation"),
    Printed("out_o2 after 10,000 rounds", "0.984065734", "Continue feedforward, backpropagation"),
)

PRINTED: dict[str, Printed] = {p.name: p for p in FIRST_ROUND + TRAINING}
