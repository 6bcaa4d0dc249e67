"""Analysis of wijksim results files, on Debian's numpy, h5py, scipy and
matplotlib only (run with /usr/bin/python3)."""
