//! Swedish red days and eves (O2, O3). STUB: being written on branch `opening`.
