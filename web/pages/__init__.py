"""Pages per role (HTML): each package holds its routes and view helpers.

The templates stay in web/templates/<role>/, one folder per role.
"""
