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

/** The upload's file field, naming the allowed types and the limit; the form's last field, so it arrives last. */
export function FileField(props: { id: string; maxMegabytes: number; accept?: string }) {
  const t = useTranslator();
  return (
    <div class="field">
      <label for={props.id}>
        {t('Datei (PDF, JPEG, PNG, HEIC oder TIFF, höchstens {max} MB)', { max: props.maxMegabytes })}
      </label>
      <input id={props.id} name="datei" type="file" required accept={props.accept} />
    </div>
  );
}
