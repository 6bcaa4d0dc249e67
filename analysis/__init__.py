"""Analysis of wijksim results files, on Debian's numpy, h5py, scipy,
xarray (h5netcdf), pandas and matplotlib only (run with /usr/bin/python3)."""
