# cli: see docs/glossary.md
