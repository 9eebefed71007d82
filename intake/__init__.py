"""From the user's files to one matched, analysable dataset: the path the Data page and every
`cli.py` command take alike."""
