# forms: see docs/glossary.md
