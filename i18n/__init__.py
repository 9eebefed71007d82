"""Interface text and formats in the user's language: gettext catalogues and Babel formats."""
