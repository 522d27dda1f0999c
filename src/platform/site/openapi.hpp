// The API description served at /api/v1/openapi.json: the platform's docs/openapi.json with the formats' fragments
// docs/openapi/*.json merged in, so that each part of the system documents its own endpoints beside its code.
//
//   auto document = site::BuildOpenApi("docs/openapi.json");   // Result<std::string>, serialised JSON
#pragma once

#include <filesystem>
#include <string>

#include "platform/core/result.hpp"

namespace mw::site {

// Reads `main_file` (an OpenAPI document as JSON) and merges every `*.json` of the folder `openapi` beside it (in
// name order): each fragment is an object {"paths": {...}, "components": {"schemas": {...}, ...}}. A fragment's path
// may be written with the server prefix ("/api/v1/procedures"); it is stored relative ("/procedures"). A path or
// component defined twice, or a file that is not a JSON object, is an error naming the file.
Result<std::string> BuildOpenApi(const std::filesystem::path& main_file);

}  // namespace mw::site
