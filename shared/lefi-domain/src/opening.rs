//! Opening hours (O1–O4). STUB: being written on branch `opening`.
