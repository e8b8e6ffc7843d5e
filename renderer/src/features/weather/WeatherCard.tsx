import type { WeatherReport } from '../../../../shared/types.js';

function unitLabels(units: string) {
  return units === 'imperial' ? { temp: '°F', wind: 'mph' } : { temp: '°C', wind: 'm/s' };
}

export function WeatherCard({ report, fallbackUnits }: { report: WeatherReport; fallbackUnits: string }) {
  const u = unitLabels(report.units ?? fallbackUnits);
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : '—');
  return (
    <div className="card weather-card" data-testid="weather-card">
      <div className="weather-main">
        <div>
          <div className="weather-location" data-testid="weather-location">
            {report.location}
          </div>
          <div className="weather-desc" data-testid="weather-description">
            {report.description}
          </div>
        </div>
        <div className="weather-temp" data-testid="weather-temp">
          {round(report.temperature)}
          {u.temp}
        </div>
      </div>
      <dl className="stats">
        <div>
          <dt>Feels like</dt>
          <dd data-testid="weather-feels">
            {round(report.feels_like)}
            {u.temp}
          </dd>
        </div>
        <div>
          <dt>Humidity</dt>
          <dd data-testid="weather-humidity">{round(report.humidity)}%</dd>
        </div>
        <div>
          <dt>Wind</dt>
          <dd data-testid="weather-wind">
            {round(report.wind_speed)} {u.wind}
          </dd>
        </div>
      </dl>
      <div className="muted small" data-testid="weather-source">
        Source: {report.source}
      </div>
    </div>
  );
}
