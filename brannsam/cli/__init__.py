"""The command line (`python -m brannsam …`): one parser, one error type, one way to print a table."""
