"""Regions and the KPU offices (satker) that serve them."""
