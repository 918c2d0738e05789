"""Slider panels: one base, and the panels the notebooks show.

    base.py      Panel: controls beside figures, numbers and messages; one slider style
    tables.py    the numbers as text and as aligned HTML tables
    play.py      Play beside a slider, the kernel its one owner (no link in the browser)
    typed.py     a value typed beside a slider: read, fitted to the slider, said back
    round.py     the worked round under sliders (notebooks 1-4)
    training.py  replay a training run; slide the learning rate (notebook 5)
    surface.py   gradient descent on two chosen weights (notebooks 2 and 5)
    formula.py   your own activation, differentiated and cross-checked (notebook 6)
    orders.py    the two update orders round by round (notebook 7)
    beyond.py    a wider network learns XOR or two moons (notebook 8)
    matrix.py    the matrix form's entries beside the worked round's, under weight sliders (notebook 9)
    nudge.py     nudge one weight, compare the change in E_total with dE/dw * h (notebook 11)
    depth.py     pick a depth, width and activation; BP1 .. BP4 checked against SymPy per layer (notebook 12)
    gradient_flow.py  depth, activation and initial scale; each layer's gradient size (notebook 13)
    softmax.py   three logits, a target and a scale; p, E and delta by two steps and fused (notebook 14)
    digits.py    hidden neurons, epochs, eta, batch size: train on the digits, the loss and the accuracy (notebook 15)
    modes.py     a network's sizes: forward-mode and reverse-mode passes and multiplications (notebook 16)
    torch_round.py  rounds of the lecture in PyTorch, with and without zero_grad() (notebook 17)
    stepper.py   Previous / Next / Play through the forward and backward pass (notebook 10)
    display.py   the worked round's steps as LaTeX in a notebook
"""
