"""One module per schema change, oldest first: rev_0001_first_schema.py is the schema of
every database made before the migrations."""
