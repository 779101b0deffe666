"""Workshop rounds scored from phones: the rules that need no database (`rounds`) and their reads and
writes (`store`)."""
