"""The integrity zone: the satisfaction survey (SKM) and its index (IKM), and the reports."""
