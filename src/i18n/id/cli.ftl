# cli: lihat docs/glossary.md
