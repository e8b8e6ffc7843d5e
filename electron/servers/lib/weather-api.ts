// Weather providers: Open-Meteo (no key) and OpenWeatherMap (WEATHER_API_KEY).
// Both report wind in m/s for metric and mph for imperial, so the two sources agree.
import type { WeatherReport } from '../../../shared/types.js';
import { HttpClient, VendorError, httpTuningFromEnv } from './http.js';

export type Units = 'metric' | 'imperial';
type Env = Record<string, string | undefined>;

// WMO weather interpretation codes, as documented by Open-Meteo.
const WMO: Record<number, string> = {
  0: 'clear sky',
  1: 'mainly clear',
  2: 'partly cloudy',
  3: 'overcast',
  45: 'fog',
  48: 'depositing rime fog',
  51: 'light drizzle',
  53: 'moderate drizzle',
  55: 'dense drizzle',
  56: 'light freezing drizzle',
  57: 'dense freezing drizzle',
  61: 'slight rain',
  63: 'moderate rain',
  65: 'heavy rain',
  66: 'light freezing rain',
  67: 'heavy freezing rain',
  71: 'slight snow fall',
  73: 'moderate snow fall',
  75: 'heavy snow fall',
  77: 'snow grains',
  80: 'slight rain showers',
  81: 'moderate rain showers',
  82: 'violent rain showers',
  85: 'slight snow showers',
  86: 'heavy snow showers',
  95: 'thunderstorm',
  96: 'thunderstorm with slight hail',
  99: 'thunderstorm with heavy hail',
};

function describeWeatherCode(code: number): string {
  return WMO[code] ?? `unknown (code ${code})`;
}

interface GeoHit {
  name: string;
  latitude: number;
  longitude: number;
  country?: string;
  admin1?: string;
}

function label(hit: GeoHit): string {
  const parts = [hit.name, hit.admin1, hit.country].filter((p): p is string => !!p);
  return [...new Set(parts)].join(', ');
}

async function geocode(env: Env, location: string, signal?: AbortSignal): Promise<GeoHit> {
  const coords = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(location);
  if (coords) return { name: location.trim(), latitude: Number(coords[1]), longitude: Number(coords[2]) };
  const http = new HttpClient({
    vendor: 'Open-Meteo geocoding',
    baseUrl: env.OPEN_METEO_GEOCODING_URL || 'https://geocoding-api.open-meteo.com',
    ...httpTuningFromEnv(env),
  });
  const res = await http.json<{ results?: GeoHit[] }>({
    path: '/v1/search',
    query: { name: location, count: 1, language: 'en', format: 'json' },
    signal,
  });
  const hit = res.results?.[0];
  if (!hit) throw new VendorError('not_found', `location not found: ${location}`);
  return hit;
}

interface ForecastBody {
  current?: {
    temperature_2m?: number;
    apparent_temperature?: number;
    relative_humidity_2m?: number;
    wind_speed_10m?: number;
    weather_code?: number;
  };
}

async function openMeteoWeather(env: Env, location: string, units: Units, signal?: AbortSignal): Promise<WeatherReport> {
  const place = await geocode(env, location, signal);
  const http = new HttpClient({
    vendor: 'Open-Meteo',
    baseUrl: env.OPEN_METEO_URL || 'https://api.open-meteo.com',
    ...httpTuningFromEnv(env),
  });
  const res = await http.json<ForecastBody>({
    path: '/v1/forecast',
    query: {
      latitude: place.latitude,
      longitude: place.longitude,
      current: 'temperature_2m,apparent_temperature,relative_humidity_2m,wind_speed_10m,weather_code',
      temperature_unit: units === 'imperial' ? 'fahrenheit' : 'celsius',
      wind_speed_unit: units === 'imperial' ? 'mph' : 'ms',
      timezone: 'auto',
    },
    signal,
  });
  const c = res.current;
  if (!c || typeof c.temperature_2m !== 'number') throw new VendorError('bad_response', 'Open-Meteo returned no current weather');
  return {
    location: label(place),
    temperature: c.temperature_2m,
    feels_like: c.apparent_temperature ?? c.temperature_2m,
    humidity: c.relative_humidity_2m ?? 0,
    wind_speed: c.wind_speed_10m ?? 0,
    description: describeWeatherCode(c.weather_code ?? -1),
    source: 'open-meteo',
    units,
  };
}

interface OwmBody {
  name?: string;
  sys?: { country?: string };
  main?: { temp?: number; feels_like?: number; humidity?: number };
  wind?: { speed?: number };
  weather?: Array<{ description?: string }>;
}

async function openWeatherMapWeather(env: Env, location: string, units: Units, signal?: AbortSignal): Promise<WeatherReport> {
  const key = env.WEATHER_API_KEY as string;
  const http = new HttpClient({
    vendor: 'OpenWeatherMap',
    baseUrl: env.OPENWEATHER_BASE_URL || 'https://api.openweathermap.org',
    secrets: [key],
    ...httpTuningFromEnv(env),
  });
  let res: OwmBody;
  try {
    res = await http.json<OwmBody>({ path: '/data/2.5/weather', query: { q: location, units, appid: key }, signal });
  } catch (err) {
    // OpenWeatherMap answers 404 for an unknown city.
    if (err instanceof VendorError && err.status === 404) throw new VendorError('not_found', `location not found: ${location}`, 404);
    throw err;
  }
  if (!res.main || typeof res.main.temp !== 'number') throw new VendorError('bad_response', 'OpenWeatherMap returned no current weather');
  return {
    location: [res.name ?? location, res.sys?.country].filter(Boolean).join(', '),
    temperature: res.main.temp,
    feels_like: res.main.feels_like ?? res.main.temp,
    humidity: res.main.humidity ?? 0,
    wind_speed: res.wind?.speed ?? 0,
    description: res.weather?.[0]?.description ?? 'unknown',
    source: 'openweathermap',
    units,
  };
}

export function getWeather(env: Env, location: string, units: Units, signal?: AbortSignal): Promise<WeatherReport> {
  return env.WEATHER_API_KEY ? openWeatherMapWeather(env, location, units, signal) : openMeteoWeather(env, location, units, signal);
}
