"""One module per record type of STANDARD.md §4, each defining ``RECORD_TYPE``; they are found by
``mappings.standard.record_types()``, so adding a type is adding a module here."""
