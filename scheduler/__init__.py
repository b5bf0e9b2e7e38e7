"""Artefacts made from the model over time: calendar feeds, certificate PDFs, jobs."""
