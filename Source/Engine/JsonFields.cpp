#include "JsonFields.h"
#include <algorithm>
#include <charconv>
#include <cmath>

namespace waveamp::jsonfields {

std::string typeName(const Json& value)
{
    if (value.is_string()) return "a string (\"" + value.get<std::string>().substr(0, 32) + "\")";
    if (value.is_number()) return "a number (" + value.dump() + ")";
    return std::string("a JSON ") + value.type_name();
}

const Json& require(const Json& object, const char* key, const std::string& where)
{
    if (!object.is_object())
        throw ModelError(ModelErrorKind::WrongType, where + " should be a JSON object but is " + typeName(object));
    auto it = object.find(key);
    if (it == object.end())
        throw ModelError(ModelErrorKind::MissingField, where + " has no \"" + key + "\" field");
    return *it;
}

// How a field is named in messages: a path ("config.layers[0].channels") under a path, just
// the quoted key ("dilations") when `where` is prose such as "the model".
static std::string field(const std::string& where, const char* key)
{
    if (where.find(' ') != std::string::npos) return std::string("\"") + key + "\"";
    return where + "." + key;
}

static bool asInteger(const Json& v, long long& out)
{
    if (v.is_number_integer()) { out = v.get<long long>(); return true; }
    if (v.is_number_float()) {
        const double d = v.get<double>();
        if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15) { out = static_cast<long long>(d); return true; }
    }
    return false;
}

int requireInt(const Json& object, const char* key, const std::string& where, int min, int max)
{
    const Json& v = require(object, key, where);
    long long value = 0;
    if (!asInteger(v, value))
        throw ModelError(ModelErrorKind::WrongType,
                         field(where, key) + " should be a whole number but is " + typeName(v));
    if (value < min || value > max)
        throw ModelError(value > max ? ModelErrorKind::LimitExceeded : ModelErrorKind::WrongType,
                         field(where, key) + " = " + std::to_string(value) + " is outside the supported range "
                             + std::to_string(min) + "…" + std::to_string(max));
    return static_cast<int>(value);
}

bool requireBool(const Json& object, const char* key, const std::string& where)
{
    const Json& v = require(object, key, where);
    if (!v.is_boolean())
        throw ModelError(ModelErrorKind::WrongType, field(where, key) + " should be true or false but is " + typeName(v));
    return v.get<bool>();
}

std::string requireString(const Json& object, const char* key, const std::string& where)
{
    const Json& v = require(object, key, where);
    if (!v.is_string())
        throw ModelError(ModelErrorKind::WrongType, field(where, key) + " should be a string but is " + typeName(v));
    return v.get<std::string>();
}

std::vector<int> requireIntArray(const Json& object, const char* key, const std::string& where,
                                 int min, int max, size_t maxCount)
{
    const Json& v = require(object, key, where);
    const std::string name = field(where, key);
    const std::string element = where.find(' ') != std::string::npos ? std::string(key) : where + "." + key;
    if (!v.is_array())
        throw ModelError(ModelErrorKind::WrongType, name + " should be a list of numbers but is " + typeName(v));
    if (v.empty())
        throw ModelError(ModelErrorKind::WrongType, name + " is empty");
    if (v.size() > maxCount)
        throw ModelError(ModelErrorKind::LimitExceeded, name + " has " + std::to_string(v.size())
                             + " entries; at most " + std::to_string(maxCount) + " are supported");
    std::vector<int> out;
    for (size_t i = 0; i < v.size(); ++i) {
        long long value = 0;
        if (!asInteger(v[i], value))
            throw ModelError(ModelErrorKind::WrongType, element + "[" + std::to_string(i) + "] should be a whole number but is " + typeName(v[i]));
        if (value < min || value > max)
            throw ModelError(value > max ? ModelErrorKind::LimitExceeded : ModelErrorKind::WrongType,
                             element + "[" + std::to_string(i) + "] = " + std::to_string(value)
                                 + " is outside the supported range " + std::to_string(min) + "…" + std::to_string(max));
        out.push_back(static_cast<int>(value));
    }
    return out;
}

static bool parseNumber(const Json& v, double& out)
{
    if (v.is_number()) { out = v.get<double>(); return true; }
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        const char* begin = s.data();
        const char* end = s.data() + s.size();
        while (begin < end && *begin == ' ') ++begin;
        if (begin < end && *begin == '+') ++begin;
        auto [ptr, ec] = std::from_chars(begin, end, out);
        if (ec == std::errc::result_out_of_range && ptr == end) {
            // A well-formed number beyond double's range ("1e999", "1e-999"); from_chars leaves
            // `out` unset. Overflow becomes infinity (refused by the callers as non-finite rather
            // than as "not a number"), underflow zero, as strtod gives.
            const bool negative = *begin == '-';
            const char* e = std::find_if(begin, end, [](char ch) { return ch == 'e' || ch == 'E'; });
            const bool underflow = e != end && e + 1 != end && e[1] == '-';
            out = underflow ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
            return true;
        }
        return ec == std::errc() && ptr == end;
    }
    return false;
}

bool optionalNumber(const Json& object, const char* key, double& value)
{
    if (!object.is_object()) return false;
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return false;
    double d = 0;
    if (!parseNumber(*it, d))
        throw ModelError(ModelErrorKind::WrongType, std::string("\"") + key + "\" should be a number but is " + typeName(*it));
    if (!std::isfinite(d))
        throw ModelError(ModelErrorKind::NonFinite, std::string("\"") + key + "\" is not a finite number");
    value = d;
    return true;
}

std::string optionalString(const Json& object, const char* key)
{
    if (!object.is_object()) return {};
    auto it = object.find(key);
    return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

std::vector<float> readWeights(const Json& array, const std::string& what, long long maxCount)
{
    if (!array.is_array())
        throw ModelError(ModelErrorKind::WrongType, what + " should be a list of numbers but is " + typeName(array));
    if (static_cast<long long>(array.size()) > maxCount)
        throw ModelError(ModelErrorKind::WeightCount, what + " has " + std::to_string(array.size())
                             + " values, more than the " + std::to_string(maxCount) + " expected");
    std::vector<float> out;
    out.reserve(array.size());
    for (size_t i = 0; i < array.size(); ++i) {
        double d = 0;
        if (!parseNumber(array[i], d))
            throw ModelError(ModelErrorKind::WrongType, what + " value #" + std::to_string(i)
                                 + " should be a number but is " + typeName(array[i]));
        const float f = static_cast<float>(d);
        if (!std::isfinite(f))
            throw ModelError(ModelErrorKind::NonFinite, what + " value #" + std::to_string(i) + " is "
                                 + (std::isnan(d) ? "NaN" : "infinite (or too large for float)")
                                 + "; the model file is corrupt or the training diverged");
        out.push_back(f);
    }
    return out;
}

} // namespace waveamp::jsonfields
