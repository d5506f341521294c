import { useTranslator } from '../language.js';

/** "Vertrag (freiwillig)": a select of the contracts a document may belong to, or nothing when there are none. */
export function ContractChoice(props: { id: string; contracts: { id: string; name: string }[]; value: string }) {
  const t = useTranslator();
  if (props.contracts.length === 0) return null;
  return (
    <div class="field">
      <label for={props.id}>{t('Vertrag (freiwillig)')}</label>
      <select id={props.id} name="vertrag">
        <option value="" selected={props.value === ''}>
          {t('Kein bestimmter Vertrag')}
        </option>
        {props.contracts.map((contract) => (
          <option value={contract.id} selected={props.value === contract.id}>
            {contract.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The upload's file field, naming the allowed types and the limit; the form's last field, so it arrives last. With
 * `maxFiles` several files may be chosen at once, the limit then counting for all of them together.
 */
export function FileField(props: { id: string; maxMegabytes: number; maxFiles?: number; accept?: string }) {
  const t = useTranslator();
  const maxFiles = props.maxFiles ?? 1;
  return (
    <div class="field">
      <label for={props.id}>
        {maxFiles > 1
          ? t('Dateien (PDF, JPEG, PNG, HEIC oder TIFF; bis zu {files} Dateien, zusammen höchstens {max} MB)', {
              files: maxFiles,
              max: props.maxMegabytes,
            })
          : t('Datei (PDF, JPEG, PNG, HEIC oder TIFF, höchstens {max} MB)', { max: props.maxMegabytes })}
      </label>
      <input id={props.id} name="datei" type="file" required multiple={maxFiles > 1} accept={props.accept} />
    </div>
  );
}
