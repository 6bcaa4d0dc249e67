#include <iostream>
#include "build_info.h"
int main() { std::cout << wijksim::build::version << "\n"; }
