"""The catalogue of weapon systems."""
