"""The lecturer's edition: answers to the lecture notebooks' questions (not in the student release)."""
