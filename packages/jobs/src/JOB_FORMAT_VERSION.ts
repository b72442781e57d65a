/** Version of the job payload format; a worker refuses jobs of another version. */
export const JOB_FORMAT_VERSION = 1;
