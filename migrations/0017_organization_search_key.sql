-- Organization search that reads names as clerks type them: «Лицей 11», «СОШ 4», «д/с 2», «школа 4»
-- find «Лицей № 11», «МБОУ СОШ № 4», «МБДОУ д/с № 2». The key is the full and short names in lower case
-- with ё as е, «д/с» spelled out, and every run of other characters («№», quotes, dashes, dots) as one
-- space, padded with spaces so that a query word can be matched at the start of a key word.
-- Case is folded by translate() for Cyrillic, not lower(): lower() follows the database's locale, and
-- under the C locale it leaves Cyrillic as it is. The application folds the query the same way
-- (organizations/organization-search.ts).
CREATE FUNCTION organization_search_key(full_name text, short_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ' ' || btrim(regexp_replace(
    replace(
      translate(lower(coalesce(full_name, '') || ' ' || coalesce(short_name, '')),
                'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё', 'абвгдеежзийклмнопрстуфхцчшщъыьэюяе'),
      'д/с', ' детский сад '),
    '[^0-9a-zа-я]+', ' ', 'g')) || ' '
$$;

CREATE INDEX organizations_search_key_trgm ON organizations
  USING gin (organization_search_key(full_name, short_name) gin_trgm_ops);
