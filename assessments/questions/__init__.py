"""The question bank: answer keys (`specs`), GIFT (`gift`, pure), importing and exporting a
category (`services`), the trainer's upload page (`views`, `forms`), and the registry of
question types that every other part asks instead of switching on a type's name.
"""
