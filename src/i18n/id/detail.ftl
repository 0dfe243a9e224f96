# detail: lihat docs/glossary.md
