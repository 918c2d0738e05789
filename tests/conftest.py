"""Shared test settings: make the package importable and matplotlib headless."""
import matplotlib

matplotlib.use("Agg")
