# actions: see docs/glossary.md
