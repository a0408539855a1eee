/* Fixture: a shared object without the cd_plugin symbol. */
int	not_a_plugin(void);

int
not_a_plugin(void)
{
	return (42);
}
