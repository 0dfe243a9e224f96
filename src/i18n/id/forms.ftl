# forms: lihat docs/glossary.md
