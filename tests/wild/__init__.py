"""The wild corpus (issue 10): DOCX files made the way applicants make them, with the data a
correct parser returns from each, their LibreOffice PDFs, and the measurement of parse and check
on them.

    python -m tests.wild.generate OUTDIR     # the documents and their expected data
    python -m tests.wild.measure [--doc X]   # recovery per form and format, wrong values, check

generate.py lists the documents and what each varies; wordkit.py, forms_2020.py, case_form.py and
sections.py lay them out from the seeds' text (never pipeline.render); corpus.py caches them and
their PDFs under tests/.wild-cache; tests/test_wild.py holds the targets.
"""
