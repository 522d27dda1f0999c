// A minimal one-page PDF written by hand (PDF 1.4, Helvetica, WinAnsiEncoding, correct cross-reference offsets), for
// the demo documents. Pure, no I/O.
//
//   std::string pdf = procedures::MinimalPdf({"Antrag nach § 4 BImSchG", "Windpark Naunhof-Ost"});
#pragma once

#include <string>
#include <vector>

namespace mw::procedures {

// A PDF whose single A4 page shows `lines` (UTF-8; characters outside Latin-1 become '?'), the first one larger.
std::string MinimalPdf(const std::vector<std::string>& lines);

}  // namespace mw::procedures
