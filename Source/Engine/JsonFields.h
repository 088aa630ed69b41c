#pragma once
// Reading model-file fields with errors that say which field, where, and what was wrong.
#include "ModelError.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace waveamp::jsonfields {

using Json = nlohmann::json;

// Each function names `where` (e.g. "config.layers[1]") in its error message.
const Json& require(const Json& object, const char* key, const std::string& where);
int requireInt(const Json& object, const char* key, const std::string& where, int min, int max);
bool requireBool(const Json& object, const char* key, const std::string& where);
std::string requireString(const Json& object, const char* key, const std::string& where);
std::vector<int> requireIntArray(const Json& object, const char* key, const std::string& where,
                                 int min, int max, size_t maxCount);

// Optional numeric field; returns false when absent or null. Numeric strings are accepted.
bool optionalNumber(const Json& object, const char* key, double& value);
// Optional string field; returns "" when absent, null or not a string.
std::string optionalString(const Json& object, const char* key);

// A weight tensor: numbers or numeric strings ("1.5e-3"), all finite, at most maxCount of them.
std::vector<float> readWeights(const Json& array, const std::string& what, long long maxCount);

std::string typeName(const Json& value);

} // namespace waveamp::jsonfields
