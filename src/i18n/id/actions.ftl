# actions: lihat docs/glossary.md
