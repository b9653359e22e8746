"""File formats (MS Project XML, PSPLIB, Excel, Word, PDF); never the database."""
