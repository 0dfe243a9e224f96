# detail: see docs/glossary.md
