"""The study's alternatives analysis: what each way of cooperating costs, what it buys, how it
scores on the non-priced effects, and which one ranks first."""
