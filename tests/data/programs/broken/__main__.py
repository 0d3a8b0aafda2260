raise RuntimeError("boom in the program")
