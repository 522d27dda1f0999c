#include "app/cli.hpp"

int main(int argc, char** argv) { return mw::app::Main(argc, argv); }
