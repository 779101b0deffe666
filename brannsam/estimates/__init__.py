"""Figures we could not source, estimated from national rates and station types, and checked against
the known control figures."""
