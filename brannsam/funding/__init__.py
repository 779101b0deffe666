"""The funding feature: what each municipality pays, and the net change against today.

- `allocation`: the funding keys (drivers, weights) and the split into whole kroner;
- `budget`: the budget lines of the joint service and what they replace locally;
- `consequences`: contribution − avoided local cost = net change, per municipality and year;
- `phasein`: the yearly cap on net increases;
- `scenarios`: the saved settings, their validation, links and storage;
- `display`: the results as Norwegian tables and charts;
- `store`: the model's inputs from the database, and the saved scenarios.
"""
