"""Results in, text, tables and charts out."""
