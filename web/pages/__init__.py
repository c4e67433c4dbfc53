"""Pages per role (HTML): each package holds its routes and view helpers.

Each package keeps its templates in its own templates/ folder, rendered as
"<role>/<name>.html"; web/templates/ holds only the shared frame (base, macros).
"""
