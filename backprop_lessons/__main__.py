"""`python -m backprop_lessons` runs the command line."""
import sys

from .cli import main

sys.exit(main())
