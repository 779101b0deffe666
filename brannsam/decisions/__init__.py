"""The councils' decisions on the study: the register (what each council decided) and what the
decisions mean for the cooperation (membership, contributions against the ceilings, the host)."""
