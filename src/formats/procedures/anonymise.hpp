// Anonymisation of statements before they are published (VGH Baden-Württemberg, 3 S 1813/19: publishing statements
// with names has no legal basis). Pure, no I/O.
//
//   std::string shown = procedures::Anonymise(statement.text, {statement.author_name, statement.author_address,
//                                                              statement.author_email});
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mw::procedures {

// `text` with personal data replaced by "[…]": every occurrence of the `known` strings (the submitter's name, its
// parts of three letters or more, address, e-mail), any e-mail address, telephone numbers, German postcodes with the
// town that follows, street addresses ("Musterstraße 12", "Am Markt 3a"), and a signature block's name after a
// closing formula ("Mit freundlichen Grüßen\nKim Muster"). Organisation names are not in `known` when the
// organisation agreed to be named.
std::string Anonymise(std::string_view text, const std::vector<std::string>& known);

}  // namespace mw::procedures
